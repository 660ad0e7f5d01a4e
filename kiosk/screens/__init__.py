"""The kiosk's screens, one per module; :mod:`kiosk.app` wires them."""
