"""The policy as data: policy.yaml read with its line numbers, checked, and held as the model
(fields, situations, rules, readings, texts) every other layer reads. Imports nothing above it."""
