"""Templates: the context given to them, sandboxed rendering with docxtpl, checks without data."""
