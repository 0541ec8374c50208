"""The Qt user interface: counter, self-service kiosk and manager screens (the only PySide6 importer)."""
