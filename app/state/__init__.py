"""The URL state: field kinds, one spec per view, the cost lab's layer grammar."""
