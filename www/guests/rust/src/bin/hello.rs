//! hello: the smallest gallery guest.

fn main() {
    println!("hello from rust");
}
