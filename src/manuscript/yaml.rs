//! YAML helpers (stub, being written).
pub fn key_position(_text: &str, _key: &str) -> Option<(usize, usize)> {
    None
}
