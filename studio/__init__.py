"""VCS Studio: the PySide6 desktop studio (`python -m studio`). Talks to the engine only
through `vcs_engine.host`, `vcs_engine.render` and `vcs_engine.media`."""
