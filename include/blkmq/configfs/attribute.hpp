// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// ConfigfsAttribute<Data>: one attribute file of a configfs directory, its show and its store
// typed on the directory's data (a group's, or the subsystem's: configfs/subsystem.hpp).
//
// A show appends to a ShowPage, which is the page configfs reads out: it cannot write past
// the page (what does not fit is cut, as scnprintf cuts). A store gets a StoreText, what one
// write() wrote, and parses it with the kernel's own parsers, so a value is read as C
// drivers read theirs: to_uint() as kstrtouint(text, 0) (decimal, 0x hex, leading 0 octal,
// one trailing newline, "-" refused), to_bool() as kstrtobool ("1"/"y"/"t"/"on",
// "0"/"n"/"f"/"off"; from 6.2 on also "e"/"d", enable and disable).
// An Error from either reaches the reader or the writer as read()'s or write()'s errno, and
// a store that fails must leave its data as it was: the writer learns the write had no
// effect.
//
// Show and store run under the subsystem's mutex, as every attribute call, mkdir and rmdir
// of the subsystem does, so the data's fields need no locks of their own against each other
// (C null_blk's global lock does the same). Process context: they may sleep.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/sys.h>

#include <type_traits>

namespace blkmq {

// What a show writes: the page configfs hands it, filled from its start.
class ShowPage {
public:
	ShowPage(const ShowPage &) = delete;
	ShowPage &operator=(const ShowPage &) = delete;

	void append(const char *text) noexcept {
		const unsigned long size = __builtin_strlen(text);
		const unsigned long fits = size < room() ? size : room();
		__builtin_memcpy(page_ + length_, text, fits);
		length_ += fits;
		page_[length_] = '\0';
	}
	void append_decimal(unsigned long long value) noexcept {
		length_ += static_cast<unsigned long>(scnprintf(page_ + length_, room() + 1, "%llu", value));
	}
	void append_signed(long long value) noexcept {
		length_ += static_cast<unsigned long>(scnprintf(page_ + length_, room() + 1, "%lld", value));
	}
	// As C null_blk shows every number: the value and a newline.
	void line(unsigned long long value) noexcept {
		append_decimal(value);
		append("\n");
	}

	unsigned long length() const noexcept { return length_; }

private:
	template <class>
	friend struct ConfigfsThunks;
	explicit ShowPage(char *page) noexcept : page_(page) { page_[0] = '\0'; }

	// Bytes left before the attribute's last (configfs reads at most BLKMQ_CONFIGFS_ATTR_SIZE,
	// whatever the page size), which keeps the NUL.
	unsigned long room() const noexcept { return BLKMQ_CONFIGFS_ATTR_SIZE - 1 - length_; }

	char *page_;
	unsigned long length_ = 0;
};

// What one write() to an attribute wrote: its bytes, NUL-terminated, usually ending in the
// newline echo adds. Text with a NUL byte inside is no value: the parsers refuse it with
// -EINVAL and matches() is false (the kernel's parsers would stop at the NUL and take what
// came before it).
class StoreText {
public:
	StoreText(const StoreText &) = delete;
	StoreText &operator=(const StoreText &) = delete;

	const char *c_str() const noexcept { return text_; }
	unsigned long length() const noexcept { return length_; }
	// Whether the text is @word, or @word and a newline (the kernel's sysfs_streq()).
	bool matches(const char *word) const noexcept { return is_text() && sysfs_streq(text_, word); }

	[[nodiscard]] Result<unsigned int> to_uint() const noexcept {
		if (!is_text())
			return Error::invalid_argument();
		unsigned int value = 0;
		if (int err = kstrtouint(text_, 0, &value))
			return Error::from_errno(err);
		return value;
	}
	[[nodiscard]] Result<unsigned long long> to_u64() const noexcept {
		if (!is_text())
			return Error::invalid_argument();
		unsigned long long value = 0;
		if (int err = kstrtoull(text_, 0, &value))
			return Error::from_errno(err);
		return value;
	}
	[[nodiscard]] Result<bool> to_bool() const noexcept {
		if (!is_text())
			return Error::invalid_argument();
		bool value = false;
		if (int err = kstrtobool(text_, &value))
			return Error::from_errno(err);
		return value;
	}

	// The text as a @T, with the parser for it: to_uint(), to_u64() (unsigned long is the
	// same width on every kernel blkmq builds for), to_bool(). For a store generic over its
	// field's type.
	template <class T>
	[[nodiscard]] Result<T> parse() const noexcept {
		if constexpr (std::is_same_v<T, bool>) {
			return to_bool();
		} else if constexpr (std::is_same_v<T, unsigned int>) {
			return to_uint();
		} else {
			static_assert(
				std::is_same_v<T, unsigned long> || std::is_same_v<T, unsigned long long>,
				"blkmq: StoreText::parse<T>() parses bool, unsigned int, unsigned long and unsigned "
				"long long");
			static_assert(sizeof(T) == sizeof(unsigned long long));
			const unsigned long long value = BLKMQ_TRY(to_u64());
			return static_cast<T>(value);
		}
	}

private:
	template <class>
	friend struct ConfigfsThunks;
	StoreText(const char *text, unsigned long length) noexcept : text_(text), length_(length) {}

	// No NUL before the end.
	bool is_text() const noexcept { return __builtin_strlen(text_) == length_; }

	const char *text_; // NUL-terminated at text_[length_]
	unsigned long length_;
};

// An attribute file named @name: readable when it has a show, writable (by root) when it has a
// store. Declared in a constexpr array (ConfigfsOps::group_attributes, subsystem_attributes):
//   {"size", &show_size, &store_size}, {"features", &show_features}, {"zone_offline", nullptr,
//   &store_zone_offline}.
// Which of the two it has is recorded apart from the pointers: kernel code is built with
// -fno-delete-null-pointer-checks, under which a function's address compared with null is no
// constant expression, and the library checks the declarations at compile time. An attribute
// with neither (a name alone, or nullptr for both) is refused there.
template <class Data>
struct ConfigfsAttribute {
	using Show = Result<void> (*)(const Data &data, ShowPage &page);
	using Store = Result<void> (*)(Data &data, const StoreText &text);

	constexpr ConfigfsAttribute(const char *name, Show show, Store store) noexcept
	    : name(name), show(show), store(store), readable(true), writable(true) {}
	constexpr ConfigfsAttribute(const char *name, Show show) noexcept : name(name), show(show), readable(true) {}
	constexpr ConfigfsAttribute(const char *name, Show show, decltype(nullptr)) noexcept
	    : name(name), show(show), readable(true) {}
	constexpr ConfigfsAttribute(const char *name, decltype(nullptr), Store store) noexcept
	    : name(name), store(store), writable(true) {}
	// Neither readable nor writable: refused by the subsystem's checks, with their message.
	constexpr ConfigfsAttribute(const char *name, decltype(nullptr) = nullptr, decltype(nullptr) = nullptr) noexcept
	    : name(name) {}

	const char *name;
	Show show = nullptr;
	Store store = nullptr;
	bool readable = false;
	bool writable = false;
};

} // namespace blkmq
