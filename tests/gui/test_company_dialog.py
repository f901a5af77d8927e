"""The company profile through the desktop: Settings → Company profile… shows the name and
address, the English ones English documents carry, and the logo; an administrator saves them
(an English proposal then names the company in English), a refusal is said in the dialog and
keeps what was typed, and someone who is not an administrator sees them read-only."""

from __future__ import annotations

from tests.core.test_proposal_docx import template_inputs
from tests.gui.test_reviews_screen import become
from workbench.gui.views.company_dialog import CompanyDialog
from workbench.gui.views.main_window import MainWindow
from workbench.gui.views.settings_dialog import SettingsDialog


def opened(qtbot, window: MainWindow) -> CompanyDialog:  # type: ignore[no-untyped-def]
    dialog = CompanyDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    return dialog


def test_an_admin_saves_the_english_name_and_an_english_proposal_carries_it(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    settings = SettingsDialog(window.ctx, window.home, window)
    qtbot.addWidget(settings)
    assert settings.company_button.isVisibleTo(settings)
    dialog = opened(qtbot, window)
    assert dialog.editable and dialog.name.text() == "" and dialog.name_en.isEnabled()
    dialog.name.setText(" 北辰智联信息技术有限公司 ")
    dialog.address.setText("杭州市西湖区文三路 398 号")
    dialog.name_en.setText("Beichen Zhilian Information Technology Co., Ltd.")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.apply()
    profile = ws.company.get()
    assert (profile.name, profile.address, profile.name_en, profile.address_en) == (
        "北辰智联信息技术有限公司", "杭州市西湖区文三路 398 号", "Beichen Zhilian Information Technology Co., Ltd.", "")
    en = ws.proposals.create(ws.actor(), "tech-proposal-en", template_inputs("tech-proposal-en")).value
    zh = ws.proposals.create(ws.actor(), "tech-proposal-zh", template_inputs("tech-proposal-zh")).value
    assert en.latest is not None and zh.latest is not None
    assert "Beichen Zhilian Information Technology Co., Ltd." in en.latest.markdown
    assert "北辰智联" not in en.latest.markdown
    assert "北辰智联信息技术有限公司" in zh.latest.markdown and "Beichen" not in zh.latest.markdown

    again = opened(qtbot, window)
    assert again.name_en.text() == "Beichen Zhilian Information Technology Co., Ltd."
    assert again.address_en.text() == "" and again.address.text() == "杭州市西湖区文三路 398 号"


def test_a_refused_logo_is_said_in_the_dialog_and_nothing_typed_is_lost(qtbot, window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    dialog = opened(qtbot, window)
    dialog.name_en.setText("Beichen Zhilian")
    not_image = tmp_path / "logo.png"
    not_image.write_text("not a picture")
    dialog.new_logo = not_image
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "logo.png" in dialog.error.text() and dialog.result() == 0
    assert dialog.name_en.text() == "Beichen Zhilian" and ws.company.get().name_en == ""


def test_someone_who_is_not_an_admin_sees_the_profile_read_only(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    ws = window.ctx.ws
    assert ws is not None
    ws.company.update(ws.actor(), name="北辰智联", name_en="Beichen Zhilian")
    become(qtbot, window, "alice")
    dialog = opened(qtbot, window)
    assert not dialog.editable
    assert dialog.name_en.text() == "Beichen Zhilian" and not dialog.name_en.isEnabled()
    assert not dialog.choose_logo.isEnabled()
