"""perkin's engine: load rulesets, read data, score, explain, replay."""
