;; Never exits: loops forever without a syscall. Used by tests/e2e/www.test.mjs (the page's
;; Stop must end it and leave the page working).
(module
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever (br $forever))))
