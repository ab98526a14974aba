"""Text handling that every layer shares: offsets, anchoring context, canonical form."""
