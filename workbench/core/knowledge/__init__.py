"""Knowledge items: cases, FAQs, objection scripts and lessons."""
