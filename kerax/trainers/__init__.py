"""The training machinery behind Model.fit/evaluate/predict."""
