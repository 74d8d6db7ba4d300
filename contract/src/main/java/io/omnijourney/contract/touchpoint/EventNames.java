package io.omnijourney.contract.touchpoint;

/**
 * Semantic event names. Segment e-commerce spec names where one exists, our own where it has none.
 */
public final class EventNames {

    public static final String PRODUCT_VIEWED = "Product Viewed";
    public static final String PRODUCT_ADDED_TO_WISHLIST = "Product Added to Wishlist";
    public static final String PRODUCT_ADDED = "Product Added";
    public static final String CHECKOUT_STARTED = "Checkout Started";
    public static final String ORDER_COMPLETED = "Order Completed";
    public static final String ORDER_REFUNDED = "Order Refunded";

    public static final String ORDER_SHIPPED = "Order Shipped";
    public static final String QR_CODE_SCANNED = "QR Code Scanned";
    public static final String CALL_COMPLETED = "Call Completed";
    public static final String SURVEY_RESPONDED = "Survey Responded";
    public static final String EMAIL_DELIVERED = "Email Delivered";
    public static final String EMAIL_OPENED = "Email Opened";
    public static final String EMAIL_CLICKED = "Email Clicked";
    public static final String EMAIL_BOUNCED = "Email Bounced";
    public static final String EMAIL_MARKED_AS_SPAM = "Email Marked as Spam";
    public static final String UNSUBSCRIBED = "Unsubscribed";
    public static final String RESUBSCRIBED = "Resubscribed";
    public static final String SMS_RECEIVED = "SMS Received";
    public static final String PUSH_OPENED = "Push Opened";
    public static final String SMS_SENT = "SMS Sent";
    public static final String SMS_DELIVERED = "SMS Delivered";
    public static final String SMS_UNDELIVERED = "SMS Undelivered";
    public static final String SMS_FAILED = "SMS Failed";
    public static final String WHATSAPP_RECEIVED = "WhatsApp Received";
    public static final String WHATSAPP_SENT = "WhatsApp Sent";
    public static final String WHATSAPP_DELIVERED = "WhatsApp Delivered";
    public static final String WHATSAPP_READ = "WhatsApp Read";
    public static final String WHATSAPP_UNDELIVERED = "WhatsApp Undelivered";
    public static final String WHATSAPP_FAILED = "WhatsApp Failed";
    public static final String NOTIFICATION_SENT = "Notification Sent";
    public static final String NOTIFICATION_FAILED = "Notification Failed";

    private EventNames() {
    }
}
