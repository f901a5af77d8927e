"""The headless core: everything but the screen. Never imports Qt or the outer layers."""
