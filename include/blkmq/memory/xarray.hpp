// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// XArray<Owner>: a sparse array of owned objects keyed by an unsigned long index; the
// kernel's xarray underneath (the radix tree C null_blk keeps its pages in).
//
// Owner is an owning handle with get(), into_raw() and from_raw(): Box<T> or OwnedPage, whose
// pointers (kmalloc's, struct page's) leave free the low bits the xarray tags. Each index
// holds at most one; the array owns what it holds, and destroys what is left when it is
// destroyed. Adopting and giving up are explicit: insert() takes the handle (moved in),
// remove() gives it back, and get() lends a raw pointer without transferring anything.
//
// The kernel object lives inside this one (nodes point back to it), so an XArray is not
// copied or moved: put it where it stays, such as a driver's Box'ed device.
//
// Synchronisation: the kernel's xarray makes each call atomic with its own lock, so
// concurrent inserts and removes never corrupt it. What it cannot know is how long a
// pointer from get() stays valid: until someone removes that index. A driver that removes
// entries while others read them (a discard racing a read) must guard both with a lock of
// its own, as C null_blk guards its tree with its device lock: put the XArray in a
// SpinLock (sync/spin_lock.hpp), and use what get() lends only while the lock is held.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/base/result.hpp>
#include <blkmq/memory/gfp.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

template <class Owner>
class XArray {
public:
	// What the array lends out for an entry: what Owner::into_raw() gives up.
	using Pointer = decltype(std::declval<Owner &&>().into_raw());
	static_assert(std::is_pointer_v<Pointer>, "blkmq: XArray<Owner> needs an owner with into_raw() / from_raw()");

	XArray() noexcept { blkmq_xa_init(raw()); }
	// Destroys what the array still holds (may sleep: see clear()).
	~XArray() {
		clear();
		xa_destroy(raw());
	}
	XArray(const XArray &) = delete;
	XArray &operator=(const XArray &) = delete;

	// The object at @index, or null. Lent: valid until that index is removed.
	Pointer get(unsigned long index) const noexcept { return static_cast<Pointer>(xa_load(raw(), index)); }

	// Stores @owner at @index, which must be free (else Error::busy(), and @owner is
	// destroyed, as on out of memory: the array keeps no half-inserted entry). Returns
	// what get() would lend for the entry.
	Result<Pointer> insert(unsigned long index, Owner owner, Gfp gfp) noexcept {
		Pointer entry = owner.get();
		const int error = blkmq_xa_insert(raw(), index, const_cast<void *>(static_cast<const void *>(entry)),
						  static_cast<unsigned int>(gfp));
		if (error != 0)
			return Error::from_errno(error);
		(void)std::move(owner).into_raw(); // the array owns it now
		return entry;
	}

	// Takes the object at @index out of the array, and gives it back.
	Option<Owner> remove(unsigned long index) noexcept {
		void *entry = xa_erase(raw(), index);
		if (entry == nullptr)
			return {};
		return Option<Owner>(Owner::from_raw(static_cast<Pointer>(entry)));
	}

	// The index of the first object from @first to @last, if there is one.
	Option<unsigned long> next_index(unsigned long first, unsigned long last = ~0ul) const noexcept {
		unsigned long index = first;
		if (first > last || blkmq_xa_find(raw(), &index, last) == nullptr)
			return {};
		return Option<unsigned long>(static_cast<unsigned long &&>(index));
	}

	// Destroys every object the array holds. It may sleep, yielding the CPU between objects
	// (a RAM disk's array can hold millions): process context only, no spin lock held.
	void clear() noexcept {
		for (unsigned long index = 0;; ++index) {
			if (blkmq_xa_find(raw(), &index, ~0ul) == nullptr)
				return;
			(void)remove(index);
			blkmq_cond_resched();
			if (index == ~0ul)
				return;
		}
	}

private:
	xarray *raw() const noexcept { return reinterpret_cast<xarray *>(const_cast<unsigned char *>(storage_)); }

	alignas(BLKMQ_XARRAY_ALIGN) unsigned char storage_[BLKMQ_XARRAY_SIZE];
};

} // namespace blkmq
