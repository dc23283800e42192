"""The only streamlit-aware code outside pages/ and app.py."""
