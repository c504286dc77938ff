"""The Word package: photo grid XML, reproducible zip, structural check, safe writing, PDF."""
