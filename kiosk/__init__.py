"""Loyalty Kiosk: an offline-first loyalty point of sale for cafés and shops."""

__version__ = "0.1.0"
