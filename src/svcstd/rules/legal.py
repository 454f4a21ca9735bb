"""Rules of this family (filled in by the semantic-rules work)."""
