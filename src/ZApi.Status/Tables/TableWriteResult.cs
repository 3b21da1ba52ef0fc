namespace ZApi.Status.Tables
{
    /// <summary>How a conditional write ended: the answers a claim and its completion act on.</summary>
    internal enum TableWriteResult
    {
        /// <summary>Written; the entity's new ETag came with it.</summary>
        Written,

        /// <summary>An insert found the entity there already (409 EntityAlreadyExists): someone has claimed it.</summary>
        AlreadyExists,

        /// <summary>An update found another ETag (412 UpdateConditionNotSatisfied): someone changed it since it was read.</summary>
        Changed,

        /// <summary>An update found no entity (404): someone removed it since it was read.</summary>
        Missing,
    }
}
