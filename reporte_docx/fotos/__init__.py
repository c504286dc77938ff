"""Photos: checked, upright, RGB, shrunk to the size they are shown at, cached, in parallel."""
