//! alloc: the binary-trees benchmark with Box. Max depth argv[1] (default 14, at least 6).
//! Prints `alloc depth <d> check <sum>`: the node counts of the stretch tree, of every
//! short-lived tree and of the long-lived tree, added up.

struct Node {
    children: Option<(Box<Node>, Box<Node>)>,
}

fn make(depth: u32) -> Box<Node> {
    let children = (depth > 0).then(|| (make(depth - 1), make(depth - 1)));
    Box::new(Node { children })
}

fn check(n: &Node) -> u64 {
    1 + n.children.as_ref().map_or(0, |(l, r)| check(l) + check(r))
}

fn main() {
    const MIN_DEPTH: u32 = 4;
    let max_depth = std::env::args()
        .nth(1)
        .map_or(14, |a| a.parse().expect("alloc: argv[1] is a depth"))
        .max(MIN_DEPTH + 2);

    let mut sum = check(&make(max_depth + 1));
    let long_lived = make(max_depth);
    for d in (MIN_DEPTH..=max_depth).step_by(2) {
        let iterations = 1u64 << (max_depth - d + MIN_DEPTH);
        for _ in 0..iterations {
            sum += check(&make(d));
        }
    }
    sum += check(&long_lived);
    println!("alloc depth {max_depth} check {sum}");
}
