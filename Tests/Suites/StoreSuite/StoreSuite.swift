public enum StoreSuite {}
