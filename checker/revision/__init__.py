"""A new routine text against the policy: the owner's file read, its sentences aligned with the
sections, the report in the owner's words, and what the changes reach (rules, answers)."""
