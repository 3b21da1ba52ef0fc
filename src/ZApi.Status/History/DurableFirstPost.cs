using System;
using System.Net.Http;
using System.Threading.Tasks;
using ZApi.Status.Client;

namespace ZApi.Status.History
{
    /// <summary>A post whose every attempt's body completes only once its in-flight history entry is on disk.</summary>
    internal sealed class DurableFirstPost : StatusPost
    {
        private readonly StatusPost _post;
        private readonly Task _durable;

        public DurableFirstPost(StatusPost post, Task durable)
        {
            _post = post;
            _durable = durable;
        }

        public override string Action => _post.Action;

        public override string Describe() => _post.Describe();

        public override HttpContent CreateContent(Action<long, long>? bytesSent) =>
            new DurableBeforeLastByteContent(_post.CreateContent(bytesSent), _durable);

        public override StatusResult ToResult(QueuedStatus? queued, DateTimeOffset? sentAt) => _post.ToResult(queued, sentAt);

        public override long ContentByteCount => _post.ContentByteCount;
    }
}
