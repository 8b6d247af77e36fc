"""The pages: views, embeds, the guided path, presets and the Code panel's scripts."""
