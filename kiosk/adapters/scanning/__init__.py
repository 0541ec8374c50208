"""Scanning adapters: QR matrices for display and camera-frame decoding, behind the services' ports."""
