"""One FastAPI router factory per chat platform; each takes its adapter and a Submitter."""
