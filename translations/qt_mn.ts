<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Mongolian for Qt's own texts (standard buttons, message boxes, file and print dialogs,
     text-field context menus). Qt ships no Mongolian. Sources and contexts are those Qt 6.11
     looks up. Compile: .venv/bin/pyside6-lrelease translations/qt_mn.ts -qm translations/qt_mn.qm -->
<TS version="2.1" language="mn">
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>За</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Хадгалах</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Бүгдийг хадгалах</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Нээх</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Тийм</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>&amp;Бүгдэд тийм</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Үгүй</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>Бүгдэд ү&amp;гүй</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Зогсоох</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Дахин оролдох</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Алгасах</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Хаах</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Болих</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Хадгалахгүй</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Тусламж</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Хэрэгжүүлэх</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Дахин тохируулах</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Анхдагч тохиргоог сэргээх</translation>
    </message>
</context>
<context>
    <name>QGnomeTheme</name>
    <message>
        <source>&amp;OK</source>
        <translation>&amp;За</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Болих</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Хадгалах</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Хаах</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Хадгалалгүй хаах</translation>
    </message>
</context>
<context>
    <name>QDialogButtonBox</name>
    <message>
        <source>OK</source>
        <translation>За</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Дэлгэрэнгүйг харуулах...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Дэлгэрэнгүйг нуух...</translation>
    </message>
    <message>
        <source>About Qt</source>
        <translation>Qt-ийн тухай</translation>
    </message>
</context>
<context>
    <name>QInputDialog</name>
    <message>
        <source>Enter a value:</source>
        <translation>Утга оруулна уу:</translation>
    </message>
</context>
<context>
    <name>QGuiApplication</name>
    <message>
        <source>QT_LAYOUT_DIRECTION</source>
        <comment>Translate this string to the string 'LTR' in left-to-right languages or to 'RTL' in right-to-left languages (such as Hebrew and Arabic) to get proper widget layout.</comment>
        <translation>LTR</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Байршил:</translation>
    </message>
    <message>
        <source>Look in:</source>
        <translation>Байршил:</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>Файлын &amp;нэр:</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Файлын &amp;төрөл:</translation>
    </message>
    <message>
        <source>Files of type:</source>
        <translation>Файлын төрөл:</translation>
    </message>
    <message>
        <source>Directory:</source>
        <translation>Хавтас:</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Нээх</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Хадгалах</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>&amp;Сонгох</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Нээх</translation>
    </message>
    <message>
        <source>Save As</source>
        <translation>Өөр нэрээр хадгалах</translation>
    </message>
    <message>
        <source>Find Directory</source>
        <translation>Хавтас сонгох</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Устгах</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Устгах</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Нэр өөрчлөх</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Хасах</translation>
    </message>
    <message>
        <source>&amp;New Folder</source>
        <translation>&amp;Шинэ хавтас</translation>
    </message>
    <message>
        <source>New Folder</source>
        <translation>Шинэ хавтас</translation>
    </message>
    <message>
        <source>Create New Folder</source>
        <translation>Шинэ хавтас үүсгэх</translation>
    </message>
    <message>
        <source>Create a New Folder</source>
        <translation>Шинэ хавтас үүсгэх</translation>
    </message>
    <message>
        <source>Show &amp;hidden files</source>
        <translation>&amp;Нуусан файлуудыг харуулах</translation>
    </message>
    <message>
        <source>Show </source>
        <translation>Харуулах </translation>
    </message>
    <message>
        <source>All Files (*)</source>
        <translation>Бүх файл (*)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Бүх файл (*)</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Буцах</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Урагшлах</translation>
    </message>
    <message>
        <source>Parent Directory</source>
        <translation>Дээд хавтас</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Буцах</translation>
    </message>
    <message>
        <source>Go forward</source>
        <translation>Урагшлах</translation>
    </message>
    <message>
        <source>Go to the parent directory</source>
        <translation>Дээд хавтас руу очих</translation>
    </message>
    <message>
        <source>List View</source>
        <translation>Жагсаалт</translation>
    </message>
    <message>
        <source>Detail View</source>
        <translation>Дэлгэрэнгүй</translation>
    </message>
    <message>
        <source>Change to list view mode</source>
        <translation>Жагсаалтаар харуулах</translation>
    </message>
    <message>
        <source>Change to detail view mode</source>
        <translation>Дэлгэрэнгүй харуулах</translation>
    </message>
    <message>
        <source>Directories</source>
        <translation>Хавтаснууд</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>Файлууд</translation>
    </message>
    <message>
        <source>Sidebar</source>
        <translation>Хажуугийн самбар</translation>
    </message>
    <message>
        <source>List of places and bookmarks</source>
        <translation>Байршил, хавчуургын жагсаалт</translation>
    </message>
    <message>
        <source>Recent Places</source>
        <translation>Сүүлд очсон газрууд</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Миний компьютер</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to replace it?</source>
        <translation>%1 нэртэй файл аль хэдийн байна.
Үүнийг солих уу?</translation>
    </message>
    <message>
        <source>%1
File not found.
Please verify the correct file name was given.</source>
        <translation>%1
Файл олдсонгүй.
Файлын нэрийг зөв бичсэн эсэхийг шалгана уу.</translation>
    </message>
    <message>
        <source>%1
Directory not found.
Please verify the correct directory name was given.</source>
        <translation>%1
Хавтас олдсонгүй.
Хавтасны нэрийг зөв бичсэн эсэхийг шалгана уу.</translation>
    </message>
    <message>
        <source>'%1' is write protected.
Do you want to delete it anyway?</source>
        <translation>'%1' бичихээс хамгаалагдсан байна.
Тэгсэн ч устгах уу?</translation>
    </message>
    <message>
        <source>Are you sure you want to delete '%1'?</source>
        <translation>'%1'-г устгахдаа итгэлтэй байна уу?</translation>
    </message>
    <message>
        <source>Could not delete directory.</source>
        <translation>Хавтсыг устгаж чадсангүй.</translation>
    </message>
</context>
<context>
    <name>QFileSystemModel</name>
    <message>
        <source>Name</source>
        <translation>Нэр</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Хэмжээ</translation>
    </message>
    <message>
        <source>Type</source>
        <comment>All other platforms</comment>
        <translation>Төрөл</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Төрөл</translation>
    </message>
    <message>
        <source>Date Modified</source>
        <translation>Өөрчилсөн огноо</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>Компьютер</translation>
    </message>
    <message>
        <source>My Computer</source>
        <translation>Миний компьютер</translation>
    </message>
    <message>
        <source>Invalid filename</source>
        <translation>Файлын нэр буруу</translation>
    </message>
    <message>
        <source>&lt;b&gt;The name "%1" cannot be used.&lt;/b&gt;&lt;p&gt;Try using another name, with fewer characters or no punctuation marks.</source>
        <translation>&lt;b&gt;"%1" нэрийг ашиглах боломжгүй.&lt;/b&gt;&lt;p&gt;Илүү богино, цэг таслалгүй өөр нэр оруулж үзнэ үү.</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Drive</source>
        <translation>Диск</translation>
    </message>
    <message>
        <source>Folder</source>
        <comment>All other platforms</comment>
        <translation>Хавтас</translation>
    </message>
    <message>
        <source>File Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>Хавтас</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <comment>All other platforms</comment>
        <translation>Товчлол</translation>
    </message>
    <message>
        <source>Alias</source>
        <comment>macOS Finder</comment>
        <translation>Холбоос</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Тодорхойгүй</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Буцаах</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Дахин хийх</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Таслах</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Хуулах</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Буул&amp;гах</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Устгах</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Бүгдийг сонгох</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Буцаах</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Дахин хийх</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>&amp;Таслах</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Хуулах</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>Буул&amp;гах</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Устгах</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Бүгдийг сонгох</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Х&amp;олбоосын хаягийг хуулах</translation>
    </message>
</context>
<context>
    <name>QUnicodeControlCharacterMenu</name>
    <message>
        <source>Insert Unicode control character</source>
        <translation>Юникодын удирдах тэмдэгт оруулах</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Бүгдийг сонгох</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Нэмэх</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Хасах</translation>
    </message>
</context>
<context>
    <name>QScrollBar</name>
    <message>
        <source>Scroll here</source>
        <translation>Энд гүйлгэх</translation>
    </message>
    <message>
        <source>Top</source>
        <translation>Эхэнд</translation>
    </message>
    <message>
        <source>Bottom</source>
        <translation>Төгсгөлд</translation>
    </message>
    <message>
        <source>Left edge</source>
        <translation>Зүүн зах</translation>
    </message>
    <message>
        <source>Right edge</source>
        <translation>Баруун зах</translation>
    </message>
    <message>
        <source>Page up</source>
        <translation>Нэг хуудас дээш</translation>
    </message>
    <message>
        <source>Page down</source>
        <translation>Нэг хуудас доош</translation>
    </message>
    <message>
        <source>Page left</source>
        <translation>Нэг хуудас зүүн тийш</translation>
    </message>
    <message>
        <source>Page right</source>
        <translation>Нэг хуудас баруун тийш</translation>
    </message>
    <message>
        <source>Scroll up</source>
        <translation>Дээш гүйлгэх</translation>
    </message>
    <message>
        <source>Scroll down</source>
        <translation>Доош гүйлгэх</translation>
    </message>
    <message>
        <source>Scroll left</source>
        <translation>Зүүн тийш гүйлгэх</translation>
    </message>
    <message>
        <source>Scroll right</source>
        <translation>Баруун тийш гүйлгэх</translation>
    </message>
</context>
<context>
    <name>QDockWidget</name>
    <message>
        <source>Close</source>
        <translation>Хаах</translation>
    </message>
    <message>
        <source>Float</source>
        <translation>Салгах</translation>
    </message>
</context>
<context>
    <name>QTabBar</name>
    <message>
        <source>Scroll Left</source>
        <translation>Зүүн тийш гүйлгэх</translation>
    </message>
    <message>
        <source>Scroll Right</source>
        <translation>Баруун тийш гүйлгэх</translation>
    </message>
</context>
<context>
    <name>QUndoStack</name>
    <message>
        <source>Undo</source>
        <comment>Default text for undo action</comment>
        <translation>Буцаах</translation>
    </message>
    <message>
        <source>Redo</source>
        <comment>Default text for redo action</comment>
        <translation>Дахин хийх</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>Буцаах: %1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>Дахин хийх: %1</translation>
    </message>
</context>
<context>
    <name>QUndoGroup</name>
    <message>
        <source>Undo</source>
        <comment>Default text for undo action</comment>
        <translation>Буцаах</translation>
    </message>
    <message>
        <source>Redo</source>
        <comment>Default text for redo action</comment>
        <translation>Дахин хийх</translation>
    </message>
    <message>
        <source>Undo %1</source>
        <translation>Буцаах: %1</translation>
    </message>
    <message>
        <source>Redo %1</source>
        <translation>Дахин хийх: %1</translation>
    </message>
</context>
<context>
    <name>QUndoModel</name>
    <message>
        <source>&lt;empty&gt;</source>
        <translation>&lt;хоосон&gt;</translation>
    </message>
</context>
<context>
    <name>QPrintDialog</name>
    <message>
        <source>Print</source>
        <translation>Хэвлэх</translation>
    </message>
    <message>
        <source>&amp;Print</source>
        <translation>&amp;Хэвлэх</translation>
    </message>
    <message>
        <source>&amp;Options &gt;&gt;</source>
        <translation>&amp;Тохиргоо &gt;&gt;</translation>
    </message>
    <message>
        <source>&amp;Options &lt;&lt;</source>
        <translation>&amp;Тохиргоо &lt;&lt;</translation>
    </message>
    <message>
        <source>All Pages</source>
        <translation>Бүх хуудас</translation>
    </message>
    <message>
        <source>Odd Pages</source>
        <translation>Сондгой хуудсууд</translation>
    </message>
    <message>
        <source>Even Pages</source>
        <translation>Тэгш хуудсууд</translation>
    </message>
    <message>
        <source>Local file</source>
        <translation>Энэ компьютер дээрх файл</translation>
    </message>
    <message>
        <source>Print to File (PDF)</source>
        <translation>Файлд хэвлэх (PDF)</translation>
    </message>
    <message>
        <source>Write PDF file</source>
        <translation>PDF файл бичих</translation>
    </message>
    <message>
        <source>Print To File ...</source>
        <translation>Файлд хэвлэх ...</translation>
    </message>
    <message>
        <source>%1 already exists.
Do you want to overwrite it?</source>
        <translation>%1 аль хэдийн байна.
Дээр нь бичих үү?</translation>
    </message>
    <message>
        <source>%1 is a directory.
Please choose a different file name.</source>
        <translation>%1 нь хавтас байна.
Өөр файлын нэр сонгоно уу.</translation>
    </message>
    <message>
        <source>File %1 is not writable.
Please choose a different file name.</source>
        <translation>%1 файлд бичих боломжгүй.
Өөр файлын нэр сонгоно уу.</translation>
    </message>
    <message>
        <source>The 'From' value cannot be greater than the 'To' value.</source>
        <translation>Эхлэх хуудасны дугаар дуусах хуудаснаас их байж болохгүй.</translation>
    </message>
    <message>
        <source>Invalid Pages Definition</source>
        <translation>Хуудсыг буруу заасан</translation>
    </message>
    <message>
        <source>%1 does not follow the correct syntax. Please use ',' to separate ranges and pages, '-' to define ranges and make sure ranges do not intersect with each other.</source>
        <translation>%1 буруу бичигдсэн байна. Хуудас, хуудасны мужийг ',' тэмдгээр тусгаарлаж, мужийг '-' тэмдгээр заана уу; мужууд хоорондоо давхцах ёсгүй.</translation>
    </message>
    <message>
        <source>Duplex Settings Conflicts</source>
        <translation>Хоёр талд хэвлэх тохиргоо зөрчилдөж байна</translation>
    </message>
    <message>
        <source>There are conflicts in duplex settings. Do you want to fix them?</source>
        <translation>Хоёр талд хэвлэх тохиргоонд зөрчил байна. Засах уу?</translation>
    </message>
    <message>
        <source>Options 'Pages Per Sheet' and 'Page Set' cannot be used together.
Please turn one of those options off.</source>
        <translation>'Нэг хуудсанд хэвлэх хуудас' болон 'Хуудасны багц' тохиргоог хамт ашиглах боломжгүй.
Аль нэгийг нь унтраана уу.</translation>
    </message>
    <message>
        <source>Left to Right, Top to Bottom</source>
        <translation>Зүүнээс баруун, дээрээс доош</translation>
    </message>
    <message>
        <source>Left to Right, Bottom to Top</source>
        <translation>Зүүнээс баруун, доороос дээш</translation>
    </message>
    <message>
        <source>Right to Left, Bottom to Top</source>
        <translation>Баруунаас зүүн, доороос дээш</translation>
    </message>
    <message>
        <source>Right to Left, Top to Bottom</source>
        <translation>Баруунаас зүүн, дээрээс доош</translation>
    </message>
    <message>
        <source>Bottom to Top, Left to Right</source>
        <translation>Доороос дээш, зүүнээс баруун</translation>
    </message>
    <message>
        <source>Bottom to Top, Right to Left</source>
        <translation>Доороос дээш, баруунаас зүүн</translation>
    </message>
    <message>
        <source>Top to Bottom, Left to Right</source>
        <translation>Дээрээс доош, зүүнээс баруун</translation>
    </message>
    <message>
        <source>Top to Bottom, Right to Left</source>
        <translation>Дээрээс доош, баруунаас зүүн</translation>
    </message>
</context>
<context>
    <name>QPrintWidget</name>
    <message>
        <source>Printer</source>
        <translation>Хэвлэгч</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Нэр:</translation>
    </message>
    <message>
        <source>P&amp;roperties</source>
        <translation>&amp;Шинж чанар</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Байршил:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Урьдчилан харах</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Төрөл:</translation>
    </message>
    <message>
        <source>Output &amp;file:</source>
        <translation>Гаралтын &amp;файл:</translation>
    </message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message>
        <source>Copies</source>
        <translation>Хувь</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>Хувь:</translation>
    </message>
    <message>
        <source>Collate</source>
        <translation>Хувь хувиар нь эрэмбэлэх</translation>
    </message>
    <message>
        <source>Reverse</source>
        <translation>Урвуу дарааллаар</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Сонголт</translation>
    </message>
    <message>
        <source>Color Mode</source>
        <translation>Өнгө</translation>
    </message>
    <message>
        <source>Color</source>
        <translation>Өнгөт</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>Саарал</translation>
    </message>
    <message>
        <source>Double Sided Printing</source>
        <translation>Хоёр талд хэвлэх</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Үгүй</translation>
    </message>
    <message>
        <source>Long side binding</source>
        <translation>Урт талаар нь эргүүлэх</translation>
    </message>
    <message>
        <source>Short side binding</source>
        <translation>Богино талаар нь эргүүлэх</translation>
    </message>
    <message>
        <source>Output Settings</source>
        <translation>Хэвлэх тохиргоо</translation>
    </message>
    <message>
        <source>Page &amp;Set:</source>
        <translation>Хуудасны &amp;багц:</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Хуудас</translation>
    </message>
    <message>
        <source>Pages from</source>
        <translation>Хуудас, эхлэх:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>дуусах:</translation>
    </message>
    <message>
        <source>Print all</source>
        <translation>Бүгдийг хэвлэх</translation>
    </message>
    <message>
        <source>Print range</source>
        <translation>Хэвлэх хуудас</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>Сонгосон хэсэг</translation>
    </message>
    <message>
        <source>Current Page</source>
        <translation>Одоогийн хуудас</translation>
    </message>
    <message>
        <source>Specify pages or ranges separated by commas. Ranges are specified by two numbers separated by a hyphen. E.g: 3,5-7,9 prints pages 3, 5, 6, 7 and 9.</source>
        <translation>Хуудас эсвэл хуудасны мужийг таслалаар тусгаарлан бичнэ үү. Мужийг зураасаар холбосон хоёр тоогоор заана. Жишээ нь: 3,5-7,9 гэвэл 3, 5, 6, 7, 9 дүгээр хуудсыг хэвлэнэ.</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesDialog</name>
    <message>
        <source>Printer Properties</source>
        <translation>Хэвлэгчийн шинж чанар</translation>
    </message>
    <message>
        <source>Job Options</source>
        <translation>Хэвлэх ажлын тохиргоо</translation>
    </message>
    <message>
        <source>Page Setup Conflicts</source>
        <translation>Хуудасны тохиргоо зөрчилдөж байна</translation>
    </message>
    <message>
        <source>There are conflicts in page setup options. Do you want to fix them?</source>
        <translation>Хуудасны тохиргоонд зөрчил байна. Засах уу?</translation>
    </message>
    <message>
        <source>Advanced Option Conflicts</source>
        <translation>Нэмэлт тохиргоо зөрчилдөж байна</translation>
    </message>
    <message>
        <source>There are conflicts in some advanced options. Do you want to fix them?</source>
        <translation>Зарим нэмэлт тохиргоонд зөрчил байна. Засах уу?</translation>
    </message>
</context>
<context>
    <name>QPrintPropertiesWidget</name>
    <message>
        <source>Page</source>
        <translation>Хуудас</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Нэмэлт</translation>
    </message>
    <message>
        <source>There are conflicts in some options. Please fix them.</source>
        <translation>Зарим тохиргоонд зөрчил байна. Засна уу.</translation>
    </message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message>
        <source>Paper</source>
        <translation>Цаас</translation>
    </message>
    <message>
        <source>Page size:</source>
        <translation>Цаасны хэмжээ:</translation>
    </message>
    <message>
        <source>Width:</source>
        <translation>Өргөн:</translation>
    </message>
    <message>
        <source>Height:</source>
        <translation>Өндөр:</translation>
    </message>
    <message>
        <source>Paper source:</source>
        <translation>Цаасны тавиур:</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Чиглэл</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>Босоо</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>Хэвтээ</translation>
    </message>
    <message>
        <source>Reverse landscape</source>
        <translation>Урвуу хэвтээ</translation>
    </message>
    <message>
        <source>Reverse portrait</source>
        <translation>Урвуу босоо</translation>
    </message>
    <message>
        <source>Margins</source>
        <translation>Захын зай</translation>
    </message>
    <message>
        <source>top margin</source>
        <translation>дээд зай</translation>
    </message>
    <message>
        <source>bottom margin</source>
        <translation>доод зай</translation>
    </message>
    <message>
        <source>left margin</source>
        <translation>зүүн зай</translation>
    </message>
    <message>
        <source>right margin</source>
        <translation>баруун зай</translation>
    </message>
    <message>
        <source>Page Layout</source>
        <translation>Хуудасны байрлал</translation>
    </message>
    <message>
        <source>Page &amp;order:</source>
        <translation>Хуудасны &amp;дараалал:</translation>
    </message>
    <message>
        <source>Pages &amp;per sheet:</source>
        <translation>Нэг хуудсанд хэвлэх &amp;хуудас:</translation>
    </message>
    <message>
        <source>Millimeters (mm)</source>
        <translation>Миллиметр (mm)</translation>
    </message>
    <message>
        <source>Inches (in)</source>
        <translation>Инч (in)</translation>
    </message>
    <message>
        <source>Points (pt)</source>
        <translation>Пойнт (pt)</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Өөрийн хэмжээ</translation>
    </message>
</context>
<context>
    <name>QCupsJobWidget</name>
    <message>
        <source>Job</source>
        <translation>Хэвлэх ажил</translation>
    </message>
    <message>
        <source>Job Control</source>
        <translation>Хэвлэх ажлын удирдлага</translation>
    </message>
    <message>
        <source>Scheduled &amp;printing:</source>
        <translation>&amp;Хэвлэх цаг:</translation>
    </message>
    <message>
        <source>Print Immediately</source>
        <translation>Шууд хэвлэх</translation>
    </message>
    <message>
        <source>Hold Indefinitely</source>
        <translation>Хугацаагүй хүлээлгэх</translation>
    </message>
    <message>
        <source>Day (06:00 to 17:59)</source>
        <translation>Өдөр (06:00-17:59)</translation>
    </message>
    <message>
        <source>Night (18:00 to 05:59)</source>
        <translation>Шөнө (18:00-05:59)</translation>
    </message>
    <message>
        <source>Second Shift (16:00 to 23:59)</source>
        <translation>Хоёрдугаар ээлж (16:00-23:59)</translation>
    </message>
    <message>
        <source>Third Shift (00:00 to 07:59)</source>
        <translation>Гуравдугаар ээлж (00:00-07:59)</translation>
    </message>
    <message>
        <source>Weekend (Saturday to Sunday)</source>
        <translation>Амралтын өдөр (Бямба-Ням)</translation>
    </message>
    <message>
        <source>Specific Time</source>
        <translation>Тодорхой цагт</translation>
    </message>
    <message>
        <source>&amp;Billing information:</source>
        <translation>&amp;Төлбөрийн мэдээлэл:</translation>
    </message>
    <message>
        <source>Job &amp;priority:</source>
        <translation>Хэвлэх ажлын &amp;эрэмбэ:</translation>
    </message>
    <message>
        <source>Banner Pages</source>
        <translation>Нүүр хуудас</translation>
    </message>
    <message>
        <source>&amp;Start:</source>
        <translation>&amp;Эхэнд:</translation>
    </message>
    <message>
        <source>&amp;End:</source>
        <translation>Т&amp;өгсгөлд:</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Байхгүй</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Энгийн</translation>
    </message>
    <message>
        <source>Unclassified</source>
        <translation>Нууцын зэрэглэлгүй</translation>
    </message>
    <message>
        <source>Confidential</source>
        <translation>Нууц</translation>
    </message>
    <message>
        <source>Classified</source>
        <translation>Хязгаарлалттай</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Маш нууц</translation>
    </message>
    <message>
        <source>Top Secret</source>
        <translation>Туйлын нууц</translation>
    </message>
</context>
<context>
    <name>QCupsPrinterSupport</name>
    <message>
        <source>Authentication Needed</source>
        <translation>Нэвтрэх шаардлагатай</translation>
    </message>
    <message>
        <source>Authentication needed to use %1.</source>
        <translation>%1-г ашиглахын тулд нэвтрэх шаардлагатай.</translation>
    </message>
    <message>
        <source>Authentication needed to use %1 on %2.</source>
        <translation>%2 дээрх %1-г ашиглахын тулд нэвтрэх шаардлагатай.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Хэрэглэгчийн нэр:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Нууц үг:</translation>
    </message>
</context>
</TS>
