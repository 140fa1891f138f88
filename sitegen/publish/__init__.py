"""Publishing: the build's targets (target.py), netlify.toml's rules as data and as the files a
deploy carries (rules.py), and the sync to S3-compatible storage (s3.py, deploy.py)."""
