// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Request<Ops>: a view of a struct request the caller is allowed to read.
//
// A Request<Ops> is never an object of its own: its address *is* the kernel's struct
// request (as Rust's Request<T> wraps Opaque<bindings::request>). It cannot be
// constructed, copied or made from a pointer; the only way to reach one is through a
// handle that proves the driver owns the request: OwnedRequest, UniqueRequest (mutable
// access) or ARef<Request> (shared, const access). A reference to it is valid only while
// that handle lives.
//
// The request's private data (PDU, blk_mq_rq_to_pdu(): the bytes right after struct
// request) holds a detail::RequestPdu: the reference count of the ARef protocol, in checked
// builds the mark of whether the driver holds the request (detail/held_mark.hpp), for
// operations with timer_expired the request's timer (detail/request_timer.hpp), then the
// driver's typed RequestData, constructed in init_request and destroyed in exit_request.
//
// Field reads are single loads through offsets generated from the kernel headers
// (detail/field.hpp).
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/field.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/detail/ops_traits.hpp>
#include <blkmq/detail/queue_data.hpp>
#include <blkmq/detail/request_refcount.hpp>
#include <blkmq/detail/request_timer.hpp>
#include <blkmq/detail/request_work.hpp>
#include <blkmq/requests/aref.hpp>
#include <blkmq/requests/segments.hpp>
#include <blkmq/requests/tag_cookie.hpp>

#include <cstdint>
#include <type_traits>

namespace blkmq {

template <class Ops>
class OwnedRequest;
template <class Ops>
class UniqueRequest;
template <class Ops>
class UniqueOrShared;
template <class Ops>
class TimedOutRequest;
template <class Ops>
class RequestList;
template <class Ops>
class DispatchBatch;
template <class Ops>
class TagSet;

namespace detail {
template <class Ops>
struct Thunks;

// The PDU the tag set reserves after every struct request (cmd_size).
template <class Ops>
struct RequestPdu {
	RequestPdu(std::uint32_t first_generation, blkmq_hrtimer_fn *timer_callback,
		   blkmq_work_fn *work_callback) noexcept
	    : refcount(first_generation), timer(timer_callback), work(work_callback) {}

	// With the generation a TagCookie names (see RequestRefcount). First: the model reads
	// it there.
	RequestRefcount refcount;
	// Right after the count, where held_mark() finds it; empty but in checked builds.
	[[no_unique_address]] HeldMark held;
	// For Ops::timer_expired; empty for other operations types.
	[[no_unique_address]] RequestTimerOf<Ops> timer;
	// For Ops::work; empty for other operations types.
	[[no_unique_address]] RequestWorkOf<Ops> work;
	[[no_unique_address]] RequestDataOf<Ops> data;

	static RequestPdu &of_timer(hrtimer *raw) noexcept {
		return *reinterpret_cast<RequestPdu *>(reinterpret_cast<unsigned char *>(raw) -
						       __builtin_offsetof(RequestPdu, timer));
	}
	static RequestPdu &of_work(work_struct *raw) noexcept {
		return *reinterpret_cast<RequestPdu *>(reinterpret_cast<unsigned char *>(raw) -
						       __builtin_offsetof(RequestPdu, work));
	}
	static request *request_of(RequestPdu &pdu) noexcept {
		return reinterpret_cast<request *>(reinterpret_cast<unsigned char *>(&pdu) - BLKMQ_RQ_PDU_OFFSET);
	}
};
} // namespace detail

// The operation a request asks for (req_op()). Values are the kernel's REQ_OP_*.
enum class Op : unsigned {
	Read = BLKMQ_REQ_OP_READ,
	Write = BLKMQ_REQ_OP_WRITE,
	Flush = BLKMQ_REQ_OP_FLUSH,
	Discard = BLKMQ_REQ_OP_DISCARD,
	SecureErase = BLKMQ_REQ_OP_SECURE_ERASE,
	WriteZeroes = BLKMQ_REQ_OP_WRITE_ZEROES,
	ZoneOpen = BLKMQ_REQ_OP_ZONE_OPEN,
	ZoneClose = BLKMQ_REQ_OP_ZONE_CLOSE,
	ZoneFinish = BLKMQ_REQ_OP_ZONE_FINISH,
	ZoneAppend = BLKMQ_REQ_OP_ZONE_APPEND,
	ZoneReset = BLKMQ_REQ_OP_ZONE_RESET,
	ZoneResetAll = BLKMQ_REQ_OP_ZONE_RESET_ALL,
	DriverIn = BLKMQ_REQ_OP_DRV_IN,
	DriverOut = BLKMQ_REQ_OP_DRV_OUT,
};

template <class Ops>
class Request {
public:
	using Data = RequestDataOf<Ops>;
	using QueueData = QueueDataOf<Ops>;

	Request() = delete;
	Request(const Request &) = delete;
	Request &operator=(const Request &) = delete;
	~Request() = delete;

	// The tag the block layer gave this request: unique within its hardware queue while
	// the request is in flight (rq->tag).
	unsigned int tag() const noexcept { return static_cast<unsigned int>(read<int>(BLKMQ_RQ_TAG_OFFSET)); }
	// The index of the hardware queue the request was dispatched to (hctx->queue_num).
	unsigned int hw_queue() const noexcept {
		auto *hctx = read<const void *>(BLKMQ_RQ_MQ_HCTX_OFFSET);
		return detail::load_field<unsigned int>(hctx, BLKMQ_HCTX_QUEUE_NUM_OFFSET);
	}
	// First 512-byte sector (blk_rq_pos()).
	std::uint64_t sector() const noexcept { return read<std::uint64_t>(BLKMQ_RQ_SECTOR_OFFSET); }
	// Bytes left to transfer (blk_rq_bytes()).
	std::uint32_t bytes() const noexcept { return read<std::uint32_t>(BLKMQ_RQ_DATA_LEN_OFFSET); }
	Op op() const noexcept { return static_cast<Op>(flags() & BLKMQ_REQ_OP_MASK); }
	bool is_write() const noexcept { return (flags() & 1u) != 0; } // op_is_write(): odd ops write
	// Forced unit access: the data must be on stable media when the request ends.
	bool is_fua() const noexcept { return (flags() & BLKMQ_REQ_FUA) != 0; }
	bool is_preflush() const noexcept { return (flags() & BLKMQ_REQ_PREFLUSH) != 0; }
	bool is_sync() const noexcept { return (flags() & BLKMQ_REQ_SYNC) != 0; }
	bool is_meta() const noexcept { return (flags() & BLKMQ_REQ_META) != 0; }
	// For WriteZeroes: the device must not deallocate the blocks.
	bool is_no_unmap() const noexcept { return (flags() & BLKMQ_REQ_NOUNMAP) != 0; }
	// The raw REQ_* flags (rq->cmd_flags), op included.
	std::uint32_t flags() const noexcept { return read<std::uint32_t>(BLKMQ_RQ_CMD_FLAGS_OFFSET); }

	// The request's data, one PageRange per page, in order (requests/segments.hpp); bio by bio with
	// bios(). Empty for requests that move no data (flush, discard, write zeroes...).
	Segments segments() const noexcept { return Segments(data_bio(), nullptr, detail::RequestBorrow(raw())); }
	Bios bios() const noexcept { return Bios(data_bio(), detail::RequestBorrow(raw())); }

	// The driver's per-request data. Handles that give shared access give a const view;
	// shared mutation must then be done with atomics, as in any shared object.
	Data &data() noexcept { return pdu().data; }
	const Data &data() const noexcept { return pdu().data; }

	// The data of the disk this request was submitted to (rq->q->queuedata).
	const QueueData &queue_data() const noexcept {
		return detail::queue_data_of<Ops>(read<const void *>(BLKMQ_RQ_Q_OFFSET));
	}

	// The data of the tag set the request belongs to (rq->q->tag_set->driver_data).
	const TagSetDataOf<Ops> &tag_set_data() const noexcept requires detail::has_data<TagSetDataOf<Ops>> {
		return detail::tag_set_data_of<Ops>(read<const void *>(BLKMQ_RQ_Q_OFFSET));
	}

	static UniqueOrShared<Ops> try_unique(ARef<Request> &&shared) noexcept;

	// A Request is a view: the handle it was reached through is what ends it.
	template <class... Args>
	void end(Args &&...) const {
		static_assert(detail::always_false<Args...>, "blkmq: a Request& is a view and cannot end the request: "
							     "end it through its handle, std::move(rq).end(...)");
	}
	template <class... Args>
	void end_ok(Args &&...) const {
		static_assert(detail::always_false<Args...>, "blkmq: a Request& is a view and cannot end the request: "
							     "end it through its handle, std::move(rq).end_ok()");
	}
	template <class... Args>
	void complete(Args &&...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: a Request& is a view and cannot complete the request: complete it through its "
			      "handle, std::move(rq).complete()");
	}
	template <class... Args>
	void start(Args &&...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: a Request& is a view and cannot start the "
			      "request: start it through its handle, std::move(rq).start()");
	}

private:
	friend class OwnedRequest<Ops>;
	friend class UniqueRequest<Ops>;
	friend class TagSet<Ops>;
	friend class TimedOutRequest<Ops>;
	friend class ARef<Request>;
	friend struct detail::Thunks<Ops>;
	friend struct detail::RefCountAccess;

	// The ARef protocol (AlwaysRefCounted, see requests/aref.hpp).
	static void inc_ref(const Request &rq) noexcept { rq.pdu().refcount.acquire_more(); }
	static void dec_ref(const Request &rq) noexcept { rq.pdu().refcount.release(); }

	static Request *from_raw(request *rq) noexcept { return reinterpret_cast<Request *>(rq); }

	// A new reference to @rq if it is shared already, and in @generation if one is given
	// (see RequestRefcount).
	template <class... Generation>
	static Option<ARef<Request>> acquire_if_shared(request *rq, Generation... generation) noexcept {
		Request *view = from_raw(rq);
		// Not pdu(): the request may be idle, and only its count is read. The PDU stays
		// allocated for the tag set's lifetime, so this read is always safe.
		if (!view->unchecked_pdu().refcount.acquire_if_shared(generation...))
			return {};
		return ARef<Request>::adopt(view);
	}

	// The name of this shared episode (requests/tag_cookie.hpp), for ARef<Request>::cookie(): only a
	// shared handle has one, since the next share() starts a new episode.
	TagCookie cookie() const noexcept {
		return {static_cast<std::uint16_t>(hw_queue()), static_cast<std::uint16_t>(tag()),
			pdu().refcount.generation()};
	}

	// The unique owner of @rq becomes its first shared reference, in a new generation.
	static ARef<Request> share_unique(request *rq) noexcept {
		Request *view = from_raw(rq);
		view->pdu().refcount.share_unique();
		return ARef<Request>::adopt(view);
	}
	request *raw() const noexcept { return reinterpret_cast<request *>(const_cast<Request *>(this)); }

	// The first bio of a request whose bios carry pages (bio_has_data()); else null.
	const void *data_bio() const noexcept {
		switch (op()) {
		case Op::Read:
		case Op::Write:
		case Op::ZoneAppend:
		case Op::DriverIn:
		case Op::DriverOut:
			return read<const void *>(BLKMQ_RQ_BIO_OFFSET);
		default:
			return nullptr;
		}
	}

	template <class T>
	T read(std::size_t offset) const noexcept {
		detail::check_request_access(raw());
		return detail::load_field<T>(this, offset);
	}

	detail::RequestPdu<Ops> &pdu() const noexcept {
		detail::check_request_access(raw());
		return unchecked_pdu();
	}
	detail::RequestPdu<Ops> &unchecked_pdu() const noexcept {
		return *detail::field_address<detail::RequestPdu<Ops>>(this, BLKMQ_RQ_PDU_OFFSET);
	}

	static_assert(alignof(detail::RequestPdu<Ops>) <= BLKMQ_RQ_ALIGN,
		      "blkmq: RequestData must not need more alignment than struct request has");
};

} // namespace blkmq
