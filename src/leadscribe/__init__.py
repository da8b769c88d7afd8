"""leadscribe: turns what sales reps say in chat into a clean CRM."""

__version__ = "0.1.0"
