"""What is made from the model beside the pages: feeds, open data, the export, the offline zip, reports.

May import every earlier stage: `source`, `checks`, `model` and `site`. ARCHITECTURE.md describes each module.
"""
