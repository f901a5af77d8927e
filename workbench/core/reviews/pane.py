"""The review pane's read model: everything the pane shows one person for one proposal, read in
the caller's one transaction."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from workbench.core.proposals.service import view as proposal_view
from workbench.core.reviews import loaded as reading
from workbench.core.reviews.assignment import handover_candidates
from workbench.core.reviews.model import ReviewPaneModel
from workbench.core.reviews.rubric import TierRubric
from workbench.core.reviews.settings import read_settings
from workbench.core.reviews.states import Action, allowed
from workbench.core.users import UserView

RubricLookup = Callable[[str, int], TierRubric]  # (template name, tier) -> that tier's rubric


def build_pane(s: Session, actor: UserView, number: str, rubric: RubricLookup) -> ReviewPaneModel:
    loaded = reading.load(s, number)
    facts = reading.facts(s, actor, loaded, policy=read_settings(s).resubmission)
    actions = allowed(loaded.state, facts)
    tier = loaded.state.tier
    status, proposal = reading.status(s, loaded), proposal_view(s, loaded.proposal)
    # the revision the pane shows: the one under review, else the latest
    shown = next((r for r in proposal.revisions if r.number == status.revision), proposal.latest)
    return ReviewPaneModel(
        status=status,
        proposal=proposal,
        history=reading.history(s, loaded.proposal.id),
        comments=reading.comments(s, loaded.proposal.id),
        actions=actions,
        rubric=rubric(loaded.proposal.template, tier) if tier else None,
        base_revision=reading.base_revision(s, loaded),
        reviewers=handover_candidates(s, loaded.state, facts) if Action.REASSIGN in actions else [],
        viewer=actor.name,
        sections=reading.section_headings(shown.markdown) if shown else [],
    )
