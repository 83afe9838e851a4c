// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Box<T>: one T on the heap, owned; the kernel's kmalloc/kfree underneath.
//
// Allocation can fail, so Box is made by create(), which returns a Result; there is no
// throwing operator new. Box is for setup paths (per-disk and per-queue data): nothing on
// the I/O path allocates.
//
// Ownership handed to the kernel (queuedata, hctx->driver_data) is explicit at each call
// site: into_raw() gives the pointer up, from_raw() takes it back.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/detail/field.hpp>
#include <blkmq/memory/gfp.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

template <class T>
class [[nodiscard]] Box {
public:
	// A T made from @args, allocated with Gfp::Kernel (may sleep).
	template <class... Args>
	static Result<Box> create(Args &&...args) noexcept {
		return create_with(Gfp::Kernel, std::forward<Args>(args)...);
	}
	template <class... Args>
	static Result<Box> create_with(Gfp gfp, Args &&...args) noexcept {
		static_assert(alignof(T) <= BLKMQ_KMALLOC_MIN_ALIGN, "blkmq: Box<T> cannot align T that strictly");
		// operator new(size_t, Gfp) is noexcept: null on failure, and then no T is built.
		T *object = construct(gfp, std::forward<Args>(args)...);
		if (!object)
			return Error::out_of_memory();
		return Box(object);
	}

	// Takes back a pointer into_raw() gave up.
	static Box from_raw(T *object) noexcept { return Box(object); }

	Box(Box &&other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
	Box(const Box &) = delete;
	Box &operator=(const Box &) = delete;
	Box &operator=(Box &&) = delete;
	~Box() {
		if (object_) {
			object_->~T();
			blkmq_free(object_);
		}
	}

	T *get() const noexcept { return object_; }
	T *operator->() const noexcept { return object_; }
	T &operator*() const noexcept { return *object_; }

	// Gives up ownership; the pointer must come back through from_raw() to be freed.
	[[nodiscard]] T *into_raw() &&noexcept { return std::exchange(object_, nullptr); }

private:
	explicit Box(T *object) noexcept : object_(object) {}

	// T(args...) where T has such a constructor, else T{args...}: an aggregate is built
	// from its members' values (clang before 16 has no parenthesised aggregate init).
	template <class... Args>
	static T *construct(Gfp gfp, Args &&...args) noexcept {
		// The pointer is owned from here on: Box is the owner type the check asks for.
		if constexpr (std::is_constructible_v<T, Args...>)
			return new (gfp) T(std::forward<Args>(args)...); // NOLINT(cppcoreguidelines-owning-memory)
		else
			return new (gfp) T{std::forward<Args>(args)...}; // NOLINT(cppcoreguidelines-owning-memory)
	}
	T *object_;
};

} // namespace blkmq
