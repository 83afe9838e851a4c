// SPDX-License-Identifier: GPL-2.0 OR MIT
// C++ half of the build test module: a template, a class with virtual functions, a constinit
// global, libstdc++ headers, generated layout constants and operator new with allocation flags and operator delete.
#include <blkmq/base/result.hpp>
#include <blkmq/memory/gfp.hpp>
#include <blkmq_layout.h>

#include <new>
#include <type_traits>

extern "C" {
// hello_mod.c
void hello_report(const char *what, unsigned long value);
int hello_cpp_init(void);
void hello_cpp_exit(void);
}

namespace {

template <typename T>
constexpr T square(T v) {
	return v * v;
}

// Abstract: the compiler fills pure virtual slots of vtables with __cxa_pure_virtual
// (kernel/cxx_runtime.c).
class Shape {
public:
	virtual unsigned long area() const = 0;

protected:
	constexpr Shape() = default;
	~Shape() = default;
};

class Square final : public Shape {
public:
	constexpr explicit Square(unsigned long side) : side_(side) {}
	unsigned long area() const override { return square(side_); }

private:
	unsigned long side_;
};

// A global's constructor would never run (no CONFIG_CONSTRUCTORS): constinit makes the compiler
// prove it is initialised at compile time, and a trivial destructor needs no registration.
static_assert(std::is_trivially_destructible_v<Square>);
constinit Square global_square{7};

// Through a pointer the compiler cannot see through, so the call goes through the vtable.
const Shape *volatile global_shape = &global_square;

} // namespace

int hello_cpp_init(void) {
	// operator new(size_t, Gfp) is noexcept: the new-expression yields nullptr on failure.
	Square *heap_square = new (blkmq::Gfp::Kernel) Square(3);
	if (!heap_square)
		return blkmq::Error::out_of_memory().to_errno();
	hello_report("heap square area", heap_square->area());
	delete heap_square; // kernel/cxx_runtime_delete.cpp: kfree

	hello_report("global square area", global_shape->area());
	hello_report("BLKMQ_RQ_PDU_OFFSET", BLKMQ_RQ_PDU_OFFSET);
	return 0;
}

void hello_cpp_exit(void) { hello_report("exit, global square area", global_shape->area()); }
