//! One sort for the whole widget. Every `sort` call on a new element type or comparator
//! instantiates the standard library's sort again, about 3 KB of WebAssembly each, and the stable
//! sort more: thirteen calls once cost 36 KB. So every ordering here is expressed as keys, and
//! only two instantiations exist: `(u64, u32)` (a packed key and the item's position) and
//! `(String, u32)` for text. The position makes both stable.

/// Sorts `items` by `key`, smallest first; equal keys keep their order.
pub(crate) fn sort_by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keys: Vec<(u64, u32)> = items
        .iter()
        .zip(0u32..)
        .map(|(item, at)| (key(item), at))
        .collect();
    keys.sort_unstable();
    reorder(items, keys.iter().map(|&(_, at)| at));
}

/// Sorts `items` by the text `key` gives, in byte order; equal texts keep their order.
pub(crate) fn sort_by_text<T>(items: &mut Vec<T>, key: impl Fn(&T) -> String) {
    let mut keys: Vec<(String, u32)> = items
        .iter()
        .zip(0u32..)
        .map(|(item, at)| (key(item), at))
        .collect();
    sort_texts(&mut keys);
    reorder(items, keys.iter().map(|&(_, at)| at));
}

/// Sorts texts with a number each (by text, then number).
pub(crate) fn sort_texts(pairs: &mut [(String, u32)]) {
    pairs.sort_unstable();
}

/// Puts `items` in the order of the positions `order` names (each once).
fn reorder<T>(items: &mut Vec<T>, order: impl Iterator<Item = u32>) {
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.filter_map(|at| slots.get_mut(at as usize).and_then(Option::take)));
}

/// An `f32` as a `u64` key that sorts as the number does (`total_cmp` order).
pub(crate) fn f32_key(x: f32) -> u64 {
    let bits = x.to_bits();
    u64::from(if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_stably() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(
            items,
            vec![(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]
        );
    }

    #[test]
    fn texts_sort_stably_in_byte_order() {
        let mut items = vec!["b", "a", "B", "a"];
        let mut tagged: Vec<(usize, &str)> = items.drain(..).enumerate().collect();
        sort_by_text(&mut tagged, |(_, s)| s.to_string());
        assert_eq!(tagged, vec![(2, "B"), (1, "a"), (3, "a"), (0, "b")]);
    }

    #[test]
    fn float_keys_order_as_total_cmp() {
        let mut xs = [3.5f32, -1.0, 0.0, -0.0, f32::INFINITY, -7.25, 1e-9];
        let mut by_key = xs.to_vec();
        xs.sort_by(f32::total_cmp);
        sort_by_key(&mut by_key, |&x| f32_key(x));
        assert_eq!(xs.to_vec(), by_key);
    }
}
