"""Publishing: the build's targets (target.py) and netlify.toml's rules as data and as the
files a deploy carries (rules.py)."""
