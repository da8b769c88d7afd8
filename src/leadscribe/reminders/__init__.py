"""Time-based work: task reminder ladders, lead SLA escalations, at-risk customers, morning briefings.

Start it with `leadscribe.reminders.runner.start_scheduler(db, channels)`; see engine.py for the design."""
