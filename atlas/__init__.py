"""Critical Minerals Atlas: structured data on India's critical-mineral partnerships, rendered to a site and a PDF."""
