// Element Plus's messages, boxes and notifications, called from scripts, imported each from its own
// component with its CSS (the templates' components are imported on demand by the build; importing
// these from 'element-plus' itself would bring the whole library into the bundle).
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/notification/style/css';

export { ElMessage } from 'element-plus/es/components/message/index';
export { ElMessageBox } from 'element-plus/es/components/message-box/index';
export { ElNotification } from 'element-plus/es/components/notification/index';
