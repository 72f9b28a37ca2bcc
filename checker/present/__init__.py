"""What a person reads, built once in Python: the verdict and the changes as text."""
