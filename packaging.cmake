# Installing (cmake --install build --prefix /usr) and the Debian package
# (./run.sh package: CPack's DEB generator). The units call /usr/bin/gongkaid,
# so install with the prefix /usr.
include(GNUInstallDirs)
install(TARGETS gongkaid gongkai gongkai-web RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES deploy/systemd/gongkaid.service deploy/systemd/gongkaid-ledger.service
              deploy/systemd/gongkaid-deadline.service deploy/systemd/gongkai-web.service
        DESTINATION lib/systemd/system)
# The example configuration and registry where the units expect them
# (/etc/gongkai, whatever the prefix; kept over upgrades as conffiles).
set(GONGKAI_CONFIG_DIR /etc/gongkai CACHE PATH "Where the configuration is installed")
install(FILES deploy/gongkaid.toml deploy/gongkai-web.toml DESTINATION ${GONGKAI_CONFIG_DIR})
install(FILES deploy/agencies/anshan.tsv DESTINATION ${GONGKAI_CONFIG_DIR} RENAME agencies.tsv)
install(FILES deploy/agencies/anshan.tsv DESTINATION ${CMAKE_INSTALL_DATADIR}/gongkai/agencies)
install(FILES README.md docs/access.md docs/rules.md docs/calendar-format.md docs/operations.md
              docs/web-api.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME gongkai)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "gongkai maintainers <gongkai@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "workflow engine for Open Government Information requests (依申请公开)")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Library dependencies from the binaries.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
                                       ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
