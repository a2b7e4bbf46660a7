"""The hostile-input corpus, built by tests/hostile/build_corpus.py by kind."""
