"""The engine: a scenario's answer from the model, its hints, the questions still open, and the
whole answer space (verify, coherence, the properties proven on it). Imports only the model."""
