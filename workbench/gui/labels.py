"""Translated names for the core's stable values (kinds, statuses, industries, languages)."""

from __future__ import annotations

from workbench.gui.qt import QCoreApplication


def kind_labels() -> dict[str, str]:
    return {
        "case": QCoreApplication.translate("Labels", "Case"),
        "faq": QCoreApplication.translate("Labels", "FAQ"),
        "objection": QCoreApplication.translate("Labels", "Objection"),
        "lesson": QCoreApplication.translate("Labels", "Lesson"),
    }


def status_labels() -> dict[str, str]:
    return {
        "draft": QCoreApplication.translate("Labels", "Draft"),
        "published": QCoreApplication.translate("Labels", "Published"),
        "archived": QCoreApplication.translate("Labels", "Archived"),
    }


def industry_labels() -> dict[str, str]:
    return {
        "manufacturing": QCoreApplication.translate("Labels", "Manufacturing"),
        "education": QCoreApplication.translate("Labels", "Education"),
        "healthcare": QCoreApplication.translate("Labels", "Healthcare"),
        "finance": QCoreApplication.translate("Labels", "Finance"),
        "retail": QCoreApplication.translate("Labels", "Retail / FMCG"),
        "saas": QCoreApplication.translate("Labels", "Software / SaaS"),
        "energy": QCoreApplication.translate("Labels", "Energy"),
    }


def language_labels() -> dict[str, str]:
    return {
        "zh-Hans": QCoreApplication.translate("Labels", "Simplified Chinese"),
        "zh-Hant": QCoreApplication.translate("Labels", "Traditional Chinese"),
        "en": QCoreApplication.translate("Labels", "English"),
        "mixed": QCoreApplication.translate("Labels", "Mixed"),
    }


def role_labels() -> dict[str, str]:
    return {
        "author": QCoreApplication.translate("Labels", "Author"),
        "reviewer": QCoreApplication.translate("Labels", "Reviewer"),
        "viewer": QCoreApplication.translate("Labels", "Viewer (read-only)"),
        "admin": QCoreApplication.translate("Labels", "Administrator"),
    }


def label(mapping: dict[str, str], value: str) -> str:
    return mapping.get(value, value)


def review_state_labels() -> dict[str, str]:
    return {
        "draft": QCoreApplication.translate("Labels", "Draft (not in review)"),
        "tier_1": QCoreApplication.translate("Labels", "Tier 1 review"),
        "tier_2": QCoreApplication.translate("Labels", "Tier 2 review"),
        "tier_3": QCoreApplication.translate("Labels", "Tier 3 review"),
        "changes_requested": QCoreApplication.translate("Labels", "Changes requested"),
        "approved": QCoreApplication.translate("Labels", "Approved"),
    }


def review_action_labels() -> dict[str, str]:
    return {
        "submit": QCoreApplication.translate("Labels", "submitted"),
        "claim": QCoreApplication.translate("Labels", "claimed"),
        "release": QCoreApplication.translate("Labels", "released"),
        "approve": QCoreApplication.translate("Labels", "approved"),
        "request_changes": QCoreApplication.translate("Labels", "requested changes"),
        "withdraw": QCoreApplication.translate("Labels", "withdrew"),
        "reassign": QCoreApplication.translate("Labels", "reassigned"),
        "escalate": QCoreApplication.translate("Labels", "escalated"),
        "comment": QCoreApplication.translate("Labels", "commented"),
    }


def outcome_labels() -> dict[str, str]:
    return {
        "won": QCoreApplication.translate("Labels", "Won"),
        "lost": QCoreApplication.translate("Labels", "Lost"),
        "no_decision": QCoreApplication.translate("Labels", "No decision"),
        "cancelled": QCoreApplication.translate("Labels", "Cancelled"),
    }
