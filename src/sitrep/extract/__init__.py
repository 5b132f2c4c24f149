"""Reading one report: cleaning, sentences, numbers, figures, claimants, sides, claims, places, dates,
actors, event types and the events a report tells of.

Everything here works on a single report and knows nothing of other reports. It may import only
the root modules (`records`, `errors`, `settings`, `patterns`) and `sitrep.data`.
"""
