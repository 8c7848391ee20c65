// Open MPI's C API for Swift. MPI's predefined handles are macros Swift cannot import, so they are offered here as
// inline functions.
#include <mpi.h>

static inline MPI_Comm tl_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype tl_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype tl_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype tl_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype tl_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype tl_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Op tl_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op tl_mpi_max(void) { return MPI_MAX; }
static inline MPI_Request tl_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *tl_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline void *tl_mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int tl_mpi_max_processor_name(void) { return MPI_MAX_PROCESSOR_NAME; }
