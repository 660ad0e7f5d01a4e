"""The station's screens: the log-in, then the home of the staff member's role."""
