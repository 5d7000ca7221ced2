"""Pure text-in helpers of the sources app: no Django, no database; plain values in and out."""
