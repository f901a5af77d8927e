"""The desktop shell: the only package that imports Qt."""
