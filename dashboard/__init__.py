"""The Streamlit dashboard: a map and a timeline of the events in the stored news articles."""
