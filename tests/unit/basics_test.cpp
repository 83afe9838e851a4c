// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The vocabulary types: Status (blk_status_t by name), Error and Result<T>, BLKMQ_TRY,
// Option<T> and Box<T> (allocation through the kernel's allocator, counted by the model).
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <cerrno>
#include <utility>

namespace blkmq::testing {
namespace {

class BasicsTest : public ModelTest {};

// The kernel's mapping, except for the errnos it maps to the busy values, which are no
// request outcome: ended with one, the submitter would see -ENOMEM / -EBUSY where the block
// layer would have retried.
TEST_F(BasicsTest, StatusFromErrnoUsesTheKernelMappingWithoutBusyValues) {
	EXPECT_EQ(Status::from_errno(0), Status::ok());
	EXPECT_EQ(Status::from_errno(-EOPNOTSUPP), Status::not_supported());
	EXPECT_EQ(Status::from_errno(-ETIMEDOUT), Status::timeout());
	EXPECT_EQ(Status::from_errno(-ENOSPC), Status::no_space());
	EXPECT_EQ(Status::from_errno(-EREMOTEIO), Status::target_error());
	EXPECT_EQ(Status::from_errno(-ENODATA), Status::medium_error());
	EXPECT_EQ(Status::from_errno(-EILSEQ), Status::protection_error());
	EXPECT_EQ(Status::from_errno(-EAGAIN), Status::try_again());
	EXPECT_EQ(Status::from_errno(-ENOMEM), Status::io_error());
	EXPECT_EQ(Status::from_errno(-EBUSY), Status::io_error());
	// Anything else is an I/O error.
	EXPECT_EQ(Status::from_errno(-EIO), Status::io_error());
	EXPECT_EQ(Status::from_errno(-EINVAL), Status::io_error());
}

TEST_F(BasicsTest, StatusValuesComeFromTheLayoutHeader) {
	// The model numbers statuses unlike the kernel on purpose: these hold only if the
	// library takes every value from <blkmq_layout.h>.
	EXPECT_EQ(Status::ok().raw(), BLKMQ_STS_OK);
	EXPECT_EQ(Status::io_error().raw(), BLKMQ_STS_IOERR);
	EXPECT_EQ(Status::timeout().raw(), BLKMQ_STS_TIMEOUT);
	EXPECT_EQ(Status::medium_error().raw(), BLKMQ_STS_MEDIUM);
	EXPECT_TRUE(Status::ok().is_ok());
	EXPECT_FALSE(Status::io_error().is_ok());
	EXPECT_NE(Status::io_error(), Status::medium_error());
}

TEST_F(BasicsTest, ErrorCarriesANegativeErrno) {
	EXPECT_EQ(Error::invalid_argument().to_errno(), -EINVAL);
	EXPECT_EQ(Error::out_of_memory().to_errno(), -ENOMEM);
	EXPECT_EQ(Error::busy().to_errno(), -EBUSY);
	EXPECT_EQ(Error::bad_address().to_errno(), -EFAULT);
	EXPECT_EQ(Error::not_supported().to_errno(), -EOPNOTSUPP);
	EXPECT_EQ(Error::already_exists().to_errno(), -EEXIST);
	EXPECT_EQ(Error::no_space().to_errno(), -ENOSPC);
	EXPECT_EQ(Error::no_device().to_errno(), -ENODEV);
	EXPECT_EQ(Error::from_errno(-ENOSPC).to_errno(), -ENOSPC);
	EXPECT_EQ(Error::from_errno(-EINVAL), Error::invalid_argument());
	EXPECT_NE(Error::busy(), Error::invalid_argument());
	EXPECT_EQ(Error::from_errno(-4095).to_errno(), -4095);
	EXPECT_TRUE(model::take_violations().empty());
}

// A positive errno, 0 (which would turn the error into a success) and anything below
// -MAX_ERRNO are the caller's bug: reported, and still an error.
TEST_F(BasicsTest, ErrorFromANonNegativeErrnoIsReportedAndStaysAnError) {
	for (const int bad : {EINVAL, 0, -4096}) {
		const Error error = Error::from_errno(bad);
		EXPECT_EQ(error, Error::invalid_argument()) << bad;
		expect_one_violation("Error::from_errno() was given no negative errno");
		EXPECT_FALSE(Result<void>(error).has_value()) << bad;
	}
}

// Counts live instances, to see that Result, Option and Box destroy exactly what they hold.
struct Tracked {
	static inline int live = 0;
	int value;
	explicit Tracked(int v) noexcept : value(v) { ++live; }
	Tracked(Tracked &&other) noexcept : value(std::exchange(other.value, -1)) { ++live; }
	~Tracked() { --live; }
};

TEST_F(BasicsTest, ResultHoldsAValueOrAnError) {
	Tracked::live = 0;
	{
		Result<Tracked> ok(Tracked(7));
		ASSERT_TRUE(ok);
		EXPECT_TRUE(ok.has_value());
		EXPECT_EQ(ok.value().value, 7);
		Result<Tracked> moved(std::move(ok));
		ASSERT_TRUE(moved);
		EXPECT_EQ(moved.value().value, 7);
		Tracked taken = std::move(moved).value();
		EXPECT_EQ(taken.value, 7);

		Result<Tracked> failed(Error::busy());
		EXPECT_FALSE(failed);
		EXPECT_EQ(failed.error(), Error::busy());
		Result<Tracked> moved_error(std::move(failed));
		EXPECT_FALSE(moved_error);
		EXPECT_EQ(moved_error.error(), Error::busy());
	}
	EXPECT_EQ(Tracked::live, 0); // no value leaked or destroyed twice
}

TEST_F(BasicsTest, ResultOfVoid) {
	Result<void> ok;
	EXPECT_TRUE(ok);
	Result<void> failed(Error::out_of_memory());
	EXPECT_FALSE(failed);
	EXPECT_EQ(failed.error(), Error::out_of_memory());
}

Result<int> half(int value) {
	if (value % 2 != 0)
		return Error::invalid_argument();
	return value / 2;
}

// BLKMQ_TRY is Rust's `?`: unwraps a value, or returns the error from the caller.
Result<int> quarter(int value) {
	const int halved = BLKMQ_TRY(half(value));
	return BLKMQ_TRY(half(halved));
}

TEST_F(BasicsTest, TryPropagatesTheFirstError) {
	Result<int> ok = quarter(12);
	ASSERT_TRUE(ok);
	EXPECT_EQ(ok.value(), 3);
	Result<int> first = quarter(7);
	ASSERT_FALSE(first);
	EXPECT_EQ(first.error(), Error::invalid_argument());
	EXPECT_FALSE(quarter(6)); // 6 -> 3 -> error
}

TEST_F(BasicsTest, OptionMayHoldOneValue) {
	Tracked::live = 0;
	{
		Option<Tracked> empty;
		EXPECT_FALSE(empty);
		EXPECT_FALSE(empty.has_value());

		Option<Tracked> full(Tracked(3));
		ASSERT_TRUE(full);
		EXPECT_EQ(full->value, 3);
		EXPECT_EQ((*full).value, 3);
		Tracked taken = std::move(full).take();
		EXPECT_EQ(taken.value, 3);

		empty.emplace(9);
		ASSERT_TRUE(empty);
		EXPECT_EQ(empty->value, 9);
		empty.emplace(10); // replaces: the 9 is destroyed
		EXPECT_EQ(empty->value, 10);
		empty.reset();
		EXPECT_FALSE(empty);
		empty.reset(); // resetting an empty Option is harmless

		Option<Tracked> source(Tracked(4));
		Option<Tracked> moved(std::move(source));
		ASSERT_TRUE(moved);
		EXPECT_EQ(moved->value, 4);
	}
	EXPECT_EQ(Tracked::live, 0);
}

TEST_F(BasicsTest, BoxOwnsOneKernelAllocation) {
	Tracked::live = 0;
	{
		Result<Box<Tracked>> created = Box<Tracked>::create(5);
		ASSERT_TRUE(created);
		Box<Tracked> box = std::move(created).value();
		EXPECT_EQ(box->value, 5);
		EXPECT_EQ((*box).value, 5);
		EXPECT_EQ(model::live_allocations(), 1u);
		EXPECT_EQ(Tracked::live, 1);

		// into_raw gives ownership away (to the kernel, in a driver); from_raw takes it back.
		Tracked *raw = std::move(box).into_raw();
		EXPECT_EQ(box.get(), nullptr);
		EXPECT_EQ(model::live_allocations(), 1u);
		Box<Tracked> back = Box<Tracked>::from_raw(raw);
		EXPECT_EQ(back.get(), raw);
		Box<Tracked> moved(std::move(back));
		EXPECT_EQ(moved.get(), raw);
		EXPECT_EQ(back.get(), nullptr);
	}
	EXPECT_EQ(Tracked::live, 0);
	EXPECT_EQ(model::live_allocations(), 0u);
}

TEST_F(BasicsTest, BoxCreationFailsWithOutOfMemory) {
	Tracked::live = 0;
	model::fail_next_alloc();
	Result<Box<Tracked>> created = Box<Tracked>::create(1);
	ASSERT_FALSE(created);
	EXPECT_EQ(created.error(), Error::out_of_memory());
	EXPECT_EQ(Tracked::live, 0); // nothing constructed in memory that was never there
	EXPECT_EQ(model::live_allocations(), 0u);
}

} // namespace
} // namespace blkmq::testing
